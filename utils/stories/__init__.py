"""Stories in a corpus: shared passages (wire copy, press releases), story clusters, topics."""
