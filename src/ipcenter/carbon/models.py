"""Tables of the carbon capability (registered on ``Base.metadata`` for the migrations)."""
