"""The services documents need, run for real in tests: ClamAV's daemon and an S3-compatible
object store (SeaweedFS), each started once for the session."""
