"""The one async-job runner (awsml_study/sim/jobs.py): queued work, settling on observation, stop,
SNS in the topic's own region, and no job outliving its simulation."""
import json
import threading
import time

import boto3

import awsml_study
from awsml_study.sim import jobs

LIFE = jobs.Lifecycle(key="Status", running="RUNNING", done="DONE", failed="BROKEN",
                      stopped="HALTED", message_key="Why", start_key="Started", end_key="Ended")


def job_doing(work, on_end=None):
    return jobs.Job(jobs.new_id(), {"Status": "QUEUED"}, work, LIFE, on_end=on_end)


def test_start_returns_before_the_work_and_observation_settles_it():
    with awsml_study.simulate():
        ran_in = []
        job = jobs.submit(job_doing(lambda j: ran_in.append(threading.current_thread().name)))
        assert job.status == "QUEUED" and not job.ended
        job.settle()
        assert job.status == "DONE" and job.ended
        assert job.props["Started"] <= job.props["Ended"]
        assert ran_in == [threading.current_thread().name]  # a queued job runs in the observer


def test_the_worker_runs_jobs_nobody_observes_and_calls_on_end():
    with awsml_study.simulate():
        ended = threading.Event()
        job = jobs.submit(job_doing(lambda j: None, on_end=lambda j: ended.set()), delay=0)
        assert ended.wait(30)
        assert job.status == "DONE"


def test_a_failure_and_a_bug_both_end_the_job_failed_with_a_message():
    def fail(job):
        raise jobs.JobFailure("The input file is empty.")

    def bug(job):
        raise KeyError("oops")

    with awsml_study.simulate():
        failed, broken = jobs.submit(job_doing(fail)).settle(), jobs.submit(job_doing(bug)).settle()
    assert (failed.status, failed.props["Why"]) == ("BROKEN", "The input file is empty.")
    assert broken.status == "BROKEN" and "internal error" in broken.props["Why"]


def test_stop_before_the_job_runs_means_no_work():
    with awsml_study.simulate():
        ran = []
        job = jobs.submit(job_doing(lambda j: ran.append(1)))
        job.request_stop()
        job.settle()
    assert job.status == "HALTED" and ran == []


def test_stop_while_running_is_honoured_at_the_next_check():
    started, release = threading.Event(), threading.Event()

    def work(job):
        started.set()
        release.wait(30)
        job.check_stop()
        raise AssertionError("should have stopped")

    with awsml_study.simulate():
        job = jobs.submit(job_doing(work), delay=0)
        assert started.wait(30)
        job.request_stop()
        release.set()
        job.settle()
    assert job.status == "HALTED"


def test_sns_completion_is_published_in_the_topic_region():
    with awsml_study.simulate():
        sns = boto3.client("sns", region_name="eu-west-1")
        sqs = boto3.client("sqs", region_name="eu-west-1")
        topic = sns.create_topic(Name="jobs-done")["TopicArn"]
        queue = sqs.create_queue(QueueName="jobs-done")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        assert ":eu-west-1:" in topic
        jobs.submit(job_doing(lambda j: None, on_end=lambda j: jobs.publish(topic, {"Status": j.status})),
                    delay=0)
        deadline, messages = time.time() + 30, []
        while not messages and time.time() < deadline:
            messages = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", [])
    assert json.loads(json.loads(messages[0]["Body"])["Message"]) == {"Status": "DONE"}


def test_publishing_to_a_missing_topic_loses_the_message_but_not_the_job():
    with awsml_study.simulate():
        missing = "arn:aws:sns:us-west-2:123456789012:nobody-listens"
        job = jobs.submit(job_doing(lambda j: None, on_end=lambda j: jobs.publish(missing, {}))).settle()
    assert job.status == "DONE"


def test_queued_jobs_do_not_outlive_their_simulation():
    ran = []
    with awsml_study.simulate():
        job = jobs.submit(job_doing(lambda j: ran.append(1)), delay=0.3)
    time.sleep(0.6)
    assert ran == [] and not job.ended
    assert jobs.idle(5)
