"""English dates as an English reader writes them: April 17, 2018."""
