"""Chinese date formats, as official documents write them: 2018年4月17日, 2006年11月."""

DATE_FORMAT = "Y年n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
DATETIME_FORMAT = "Y年n月j日 H:i"
