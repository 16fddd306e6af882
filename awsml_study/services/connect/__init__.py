"""Amazon Connect Customer (connect + connectparticipant): instances, routing resources, flows run by a local interpreter, chat."""
