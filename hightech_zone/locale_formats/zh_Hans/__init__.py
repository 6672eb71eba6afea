"""Chinese dates as the zone's documents write them: 2018年4月17日."""
