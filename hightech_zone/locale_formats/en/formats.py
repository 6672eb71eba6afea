"""English date formats: the month in full, as in "April 17, 2018" and "November 2006"."""

DATE_FORMAT = "F j, Y"
YEAR_MONTH_FORMAT = "F Y"
DATETIME_FORMAT = "F j, Y, H:i"
