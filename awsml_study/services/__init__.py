"""One package per AWS service, named as boto3 names the client; the registry imports them all."""
