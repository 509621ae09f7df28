"""The review of candidate claims: the queue, the decisions file, the spreadsheet and the terminal."""
