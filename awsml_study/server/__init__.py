"""`awsml-study serve`: the simulator as one local HTTP endpoint for every client and SDK."""
