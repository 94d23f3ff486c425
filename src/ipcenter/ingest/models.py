"""Tables of the ingest capability (registered on ``Base.metadata`` for the migrations)."""
