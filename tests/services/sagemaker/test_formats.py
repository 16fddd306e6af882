"""Data formats the built-in containers read: RecordIO-protobuf checked against the protobuf runtime, CSV, libsvm."""
import numpy as np
import pytest

from awsml_study.engines.training import formats, recordio


def _record_class():
    """The documented aialgs.data.Record schema, built with the protobuf runtime (an independent encoder)."""
    pytest.importorskip("google.protobuf")
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    F = descriptor_pb2.FieldDescriptorProto
    fd = descriptor_pb2.FileDescriptorProto(name="record_test.proto", package="aialgs.data", syntax="proto2")
    for name, kind in (("Float32Tensor", F.TYPE_FLOAT), ("Float64Tensor", F.TYPE_DOUBLE), ("Int32Tensor", F.TYPE_INT32)):
        m = fd.message_type.add(name=name)
        m.field.add(name="values", number=1, type=kind, label=F.LABEL_REPEATED).options.packed = True
        m.field.add(name="keys", number=2, type=F.TYPE_UINT64, label=F.LABEL_REPEATED).options.packed = True
        m.field.add(name="shape", number=3, type=F.TYPE_UINT64, label=F.LABEL_REPEATED).options.packed = True
    value = fd.message_type.add(name="Value")
    value.oneof_decl.add(name="value")
    for name, number, tname in (("float32_tensor", 2, "Float32Tensor"), ("float64_tensor", 3, "Float64Tensor"),
                                ("int32_tensor", 7, "Int32Tensor")):
        value.field.add(name=name, number=number, type=F.TYPE_MESSAGE, type_name=f".aialgs.data.{tname}",
                        label=F.LABEL_OPTIONAL, oneof_index=0)
    rec = fd.message_type.add(name="Record")
    for field, number in (("features", 1), ("label", 2)):
        entry = rec.nested_type.add(name=field.capitalize() + "Entry")
        entry.options.map_entry = True
        entry.field.add(name="key", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
        entry.field.add(name="value", number=2, type=F.TYPE_MESSAGE, type_name=".aialgs.data.Value", label=F.LABEL_OPTIONAL)
        rec.field.add(name=field, number=number, type=F.TYPE_MESSAGE, label=F.LABEL_REPEATED,
                      type_name=f".aialgs.data.Record.{field.capitalize()}Entry")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fd)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("aialgs.data.Record"))


def test_recordio_round_trip_and_framing():
    X = np.arange(12, dtype="float32").reshape(4, 3)
    y = np.array([0, 1, 1, 0], dtype="float32")
    data = recordio.write_dense(X, y)
    assert data[:4] == b"\x0a\x23\xd7\xce"  # magic 0xced7230a, little-endian
    assert len(data) % 4 == 0
    X2, y2 = recordio.read_dense(data)
    assert np.array_equal(X2, X) and np.array_equal(y2, y)


def test_recordio_matches_the_protobuf_runtime_both_ways():
    Record = _record_class()
    row = np.array([1.5, -2.25, 3.0], dtype="float32")
    ours = recordio.encode_record({"values": row}, {"values": np.array([1.0], dtype="float32")})
    theirs = Record.FromString(ours)
    assert list(theirs.features["values"].float32_tensor.values) == [1.5, -2.25, 3.0]
    assert list(theirs.label["values"].float32_tensor.values) == [1.0]
    # and a message the protobuf runtime wrote (float64 features) decodes with our reader
    msg = Record()
    msg.features["values"].float64_tensor.values.extend([0.5, 4.0])
    msg.label["values"].float64_tensor.values.append(7.0)
    X, y = recordio.read_dense(recordio.frame(msg.SerializeToString()))
    assert X.tolist() == [[0.5, 4.0]] and y.tolist() == [7.0]


def test_sparse_recordio_is_scattered_into_a_dense_row():
    Record = _record_class()
    msg = Record()
    t = msg.features["values"].float32_tensor
    t.values.extend([2.0, 5.0])
    t.keys.extend([1, 3])
    t.shape.append(5)
    X, _ = recordio.read_dense(recordio.frame(msg.SerializeToString()))
    assert X.tolist() == [[0.0, 2.0, 0.0, 5.0, 0.0]]


def test_bad_magic_is_reported():
    with pytest.raises(formats.DataError, match="magic"):
        formats.read(b"not recordio at all", formats.RECORDIO)


def test_csv_label_first_and_label_size_zero():
    X, y = formats.read(b"1,0.5,2\n0,1.5,3\n", "text/csv")
    assert y.tolist() == [1.0, 0.0] and X.tolist() == [[0.5, 2.0], [1.5, 3.0]]
    X, y = formats.read(b"1,0.5,2\n", "text/csv; label_size=0")
    assert y is None and X.shape == (1, 3)


def test_csv_header_is_a_data_error():
    with pytest.raises(formats.DataError, match="header"):
        formats.read(b"label,a,b\n1,2,3\n", "text/csv")


def test_libsvm_round_trip():
    X = np.array([[0.0, 2.0, 0.0], [1.0, 0.0, 3.0]])
    X2, y2 = formats.read(formats.to_libsvm(X, np.array([1.0, 0.0])), "text/libsvm")
    assert np.array_equal(X2[:, :3], X) and y2.tolist() == [1.0, 0.0]
