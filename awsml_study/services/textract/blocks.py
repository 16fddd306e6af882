"""Textract's Block graph: ids, relative geometry and relationships, built consistently.

Every block is created through `Blocks.add`, every relationship through `Blocks.link`, so each
referenced id exists and each child's page is its parent's page.
"""
from __future__ import annotations

import uuid

Point = tuple[float, float]


def geometry(polygon: list[Point], width: int, height: int) -> dict:
    """Textract Geometry (BoundingBox and Polygon as ratios of the page size) of a pixel polygon."""
    pts = [(min(max(x / width, 0.0), 1.0), min(max(y / height, 0.0), 1.0)) for x, y in polygon]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return {"BoundingBox": {"Width": max(xs) - min(xs), "Height": max(ys) - min(ys),
                            "Left": min(xs), "Top": min(ys)},
            "Polygon": [{"X": x, "Y": y} for x, y in pts]}


def box_polygon(left: float, top: float, right: float, bottom: float) -> list[Point]:
    return [(left, top), (right, top), (right, bottom), (left, bottom)]


def union_polygon(polygons: list[list[Point]]) -> list[Point]:
    xs = [x for poly in polygons for x, _ in poly]
    ys = [y for poly in polygons for _, y in poly]
    return box_polygon(min(xs), min(ys), max(xs), max(ys))


class Blocks:
    """The blocks of one response, in the order Textract lists them."""

    def __init__(self):
        self.items: list[dict] = []
        self.by_id: dict[str, dict] = {}

    def add(self, block_type: str, page: int, polygon: list[Point] | None, size: tuple[int, int],
            confidence: float | None = None, **fields) -> str:
        block_id = str(uuid.uuid4())
        block = {"BlockType": block_type}
        if confidence is not None:
            block["Confidence"] = float(min(max(confidence, 0.0), 100.0))
        block.update({k: v for k, v in fields.items() if v is not None})
        if polygon is not None:
            block["Geometry"] = geometry(polygon, *size)
        block["Id"] = block_id
        block["Page"] = page
        self.items.append(block)
        self.by_id[block_id] = block
        return block_id

    def link(self, parent: str, kind: str, children: list[str]) -> None:
        if not children:
            return
        block = self.by_id[parent]
        for child in children:
            if child not in self.by_id:
                raise KeyError(f"relationship to a block that does not exist: {child}")
        rels = block.setdefault("Relationships", [])
        for rel in rels:
            if rel["Type"] == kind:
                rel["Ids"] += [c for c in children if c not in rel["Ids"]]
                return
        rels.append({"Type": kind, "Ids": list(children)})

    def children(self, block_id: str, kind: str = "CHILD") -> list[str]:
        for rel in self.by_id[block_id].get("Relationships", []):
            if rel["Type"] == kind:
                return rel["Ids"]
        return []

    def of_type(self, block_type: str) -> list[dict]:
        return [b for b in self.items if b["BlockType"] == block_type]


def add_text(blocks: Blocks, page: int, size: tuple[int, int], lines) -> tuple[str, list[str],
                                                                                 list[list[str]]]:
    """PAGE, LINE and WORD blocks for one page of OCR lines: (page id, line ids, word ids by line).

    LINE blocks come first, then WORD blocks, as in Textract's own output.
    """
    page_id = blocks.add("PAGE", page, box_polygon(0, 0, size[0], size[1]), size)
    line_ids = [blocks.add("LINE", page, line.polygon, size, line.confidence, Text=line.text)
                for line in lines]
    word_ids = []
    for line, line_id in zip(lines, line_ids):
        ids = [blocks.add("WORD", page, w.polygon, size, w.confidence, Text=w.text,
                          TextType="PRINTED") for w in line.words]
        blocks.link(line_id, "CHILD", ids)
        word_ids.append(ids)
    blocks.link(page_id, "CHILD", line_ids)
    return page_id, line_ids, word_ids


def check_graph(blocks: list[dict]) -> list[str]:
    """Problems in a Block list (empty when the graph is consistent). Used by the tests."""
    problems = []
    by_id = {b["Id"]: b for b in blocks}
    if len(by_id) != len(blocks):
        problems.append("duplicate block ids")
    word_parents: dict[str, list[str]] = {b["Id"]: [] for b in blocks if b["BlockType"] == "WORD"}
    line_parents: dict[str, list[str]] = {b["Id"]: [] for b in blocks if b["BlockType"] == "LINE"}
    for block in blocks:
        for rel in block.get("Relationships", []):
            for child_id in rel["Ids"]:
                child = by_id.get(child_id)
                if child is None:
                    problems.append(f"{block['BlockType']} {block['Id']} -> missing {child_id}")
                    continue
                if rel["Type"] != "ANSWER" and child.get("Page") != block.get("Page") \
                        and block["BlockType"] != "QUERY":
                    problems.append(f"{block['BlockType']} and its {rel['Type']} on other pages")
                if rel["Type"] == "CHILD" and block["BlockType"] == "LINE":
                    if child["BlockType"] != "WORD":
                        problems.append("a LINE child that is not a WORD")
                    else:
                        word_parents[child_id].append(block["Id"])
                if rel["Type"] == "CHILD" and block["BlockType"] == "PAGE" \
                        and child["BlockType"] == "LINE":
                    line_parents[child_id].append(block["Id"])
                if rel["Type"] == "VALUE" and not (
                        "KEY" in block.get("EntityTypes", []) and
                        "VALUE" in child.get("EntityTypes", [])):
                    problems.append("a VALUE relationship that is not KEY -> VALUE")
                if rel["Type"] == "ANSWER" and (block["BlockType"], child["BlockType"]) != \
                        ("QUERY", "QUERY_RESULT"):
                    problems.append("an ANSWER relationship that is not QUERY -> QUERY_RESULT")
                if block["BlockType"] in ("TABLE", "MERGED_CELL") and rel["Type"] in (
                        "CHILD", "MERGED_CELL") and child["BlockType"] not in ("CELL", "MERGED_CELL"):
                    problems.append(f"{block['BlockType']} child {child['BlockType']}")
    problems += [f"WORD {w} has {len(p)} parent LINEs" for w, p in word_parents.items() if len(p) != 1]
    problems += [f"LINE {line} has {len(p)} parent PAGEs" for line, p in line_parents.items()
                 if len(p) != 1]
    for block in blocks:
        if block["BlockType"] == "LINE":
            words = [by_id[i]["Text"] for r in block.get("Relationships", []) if r["Type"] == "CHILD"
                     for i in r["Ids"] if i in by_id]
            if " ".join(words) != block.get("Text"):
                problems.append(f"LINE text {block.get('Text')!r} is not its words {words!r}")
        geo = block.get("Geometry", {}).get("BoundingBox")
        if geo and not all(-1e-9 <= geo[k] <= 1 + 1e-9 for k in geo):
            problems.append(f"{block['BlockType']} geometry outside 0..1: {geo}")
    return problems
