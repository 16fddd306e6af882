"""teardown(): what a notebook created is recorded and deleted newest first, failures reported."""
import pytest
from botocore.exceptions import ClientError

import awsml_study
from awsml_study import cleanup

ROLE_POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
               '{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}')

READ_POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
               '"Action": "s3:GetObject", "Resource": "*"}]}')


@pytest.fixture
def recorder():
    cleanup.forget()
    awsml_study.teardown.record(always=True)
    yield
    cleanup.stop_recording()
    cleanup.forget()


def test_teardown_deletes_what_was_created_in_reverse_order(recorder, capsys):
    with awsml_study.simulate():
        s3 = awsml_study.client("s3")
        s3.create_bucket(Bucket="teardown-bucket")
        s3.put_object(Bucket="teardown-bucket", Key="a.txt", Body=b"a")
        rek = awsml_study.client("rekognition")
        rek.create_collection(CollectionId="teardown-faces")
        sns = awsml_study.client("sns")
        topic = sns.create_topic(Name="teardown-topic")["TopicArn"]
        sqs = awsml_study.client("sqs")
        sqs.create_queue(QueueName="teardown-queue")
        iam = awsml_study.client("iam")
        iam.create_role(RoleName="teardown-role", AssumeRolePolicyDocument=ROLE_POLICY)
        policy = iam.create_policy(PolicyName="teardown-read", PolicyDocument=READ_POLICY)
        iam.attach_role_policy(RoleName="teardown-role", PolicyArn=policy["Policy"]["Arn"])
        made = [str(r) for r in cleanup.recorded()]
        assert len(made) == 8 and made[0] == "s3 DeleteBucket(Bucket=teardown-bucket)"
        assert made[6] == f"iam DeletePolicy(PolicyArn={policy['Policy']['Arn']})"

        assert awsml_study.teardown() == []
        out = capsys.readouterr().err
        assert "8 of 8 removed" in out
        # newest first: the policy is detached before the role is deleted, the object before the bucket
        assert out.index("DetachRolePolicy") < out.index("DeleteRole")
        assert out.index("DeleteObject") < out.index("DeleteBucket")
        assert s3.list_buckets()["Buckets"] == []
        with pytest.raises(ClientError) as gone:
            rek.describe_collection(CollectionId="teardown-faces")
        assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"
        assert topic not in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
        assert sqs.list_queues().get("QueueUrls", []) == []
        assert iam.list_roles()["Roles"] == []
        assert iam.list_policies(Scope="Local")["Policies"] == []
        assert cleanup.recorded() == []
        # idempotent: nothing left, nothing done, nothing raised
        assert awsml_study.teardown() == []
        assert "nothing recorded" in capsys.readouterr().err


def test_a_failure_is_reported_kept_for_a_retry_and_does_not_stop_the_rest(recorder, capsys):
    with awsml_study.simulate():
        iam = awsml_study.client("iam")
        iam.create_role(RoleName="keeps-a-policy", AssumeRolePolicyDocument=ROLE_POLICY)
        s3 = awsml_study.client("s3")
        s3.create_bucket(Bucket="teardown-later")
        cleanup.stop_recording()  # a policy attached outside the record: DeleteRole must fail
        iam.put_role_policy(RoleName="keeps-a-policy", PolicyName="inline",
                            PolicyDocument=READ_POLICY)
        failed = awsml_study.teardown()
        out = capsys.readouterr().err
        assert [r.delete for r in failed] == ["DeleteRole"]
        assert "FAILED: iam DeleteRole(RoleName=keeps-a-policy): DeleteConflict" in out
        assert "1 of 2 removed" in out and s3.list_buckets()["Buckets"] == []
        assert [r.delete for r in cleanup.recorded()] == ["DeleteRole"]  # kept: try again later
        iam.delete_role_policy(RoleName="keeps-a-policy", PolicyName="inline")
        assert awsml_study.teardown() == [] and cleanup.recorded() == []


def test_deleting_by_hand_crosses_off_and_deleted_twice_is_already_gone(recorder, capsys):
    with awsml_study.simulate():
        rek = awsml_study.client("rekognition")
        rek.create_collection(CollectionId="by-hand")
        rek.create_collection(CollectionId="vanishes")
        rek.delete_collection(CollectionId="by-hand")
        assert [r.params for r in cleanup.recorded()] == [{"CollectionId": "vanishes"}]
        cleanup.stop_recording()
        rek.delete_collection(CollectionId="vanishes")  # unseen: the record stays
        assert awsml_study.teardown() == []
        assert "already gone: rekognition DeleteCollection(CollectionId=vanishes)" in \
            capsys.readouterr().err


def test_local_mode_records_nothing_unless_asked():
    cleanup.forget()
    cleanup.record()  # local mode, not asked: no recorder
    with awsml_study.simulate():
        awsml_study.client("rekognition").create_collection(CollectionId="unrecorded")
    assert cleanup.recorded() == []


def test_an_aws_mode_client_turns_on_the_recorder_and_the_price_line(monkeypatch):
    from awsml_study import meter
    cleanup.stop_recording()
    meter.stop()
    monkeypatch.setenv("AWSML_STUDY_MODE", "aws")
    monkeypatch.setenv("AWSML_STUDY_ALLOW_CHARGES", "1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    try:
        awsml_study.client("s3")  # making a client sends nothing
        assert cleanup._state["on"] and meter._state["on"]
    finally:
        cleanup.stop_recording()
        meter.stop()


def test_teardown_at_exit_runs_when_the_interpreter_ends(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path
    script = tmp_path / "lab.py"
    script.write_text(
        "import awsml_study\n"
        "awsml_study.teardown.record(always=True)\n"
        "awsml_study.teardown(at_exit=True)\n"
        "awsml_study.client('rekognition').create_collection(CollectionId='gone-at-exit')\n"
        "awsml_study.client('s3').create_bucket(Bucket='gone-at-exit')\n")
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("AWSML_STUDY_MODE", None)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "deleted: rekognition DeleteCollection(CollectionId=gone-at-exit)" in done.stderr
    assert "2 of 2 removed" in done.stderr
