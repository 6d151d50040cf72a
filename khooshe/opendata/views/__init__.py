"""The catalogue's pages (:mod:`.pages`) and its files (:mod:`.files`)."""
