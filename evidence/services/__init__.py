"""Every change to the evidence base, its requests and its documents."""
