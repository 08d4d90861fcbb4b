# 24-hour times: "2 p.m." ends a sentence with a doubled full stop.
DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "D j M"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# Beyond Django's named formats: read by courses.templatetags.dates.
WEEKDAY_DATE_FORMAT = "l j M Y"
DAY_TIME_FORMAT = "D j M H:i"
WEEKDAY_DATETIME_FORMAT = "l j M Y, H:i"
