"""One date style per language (FORMAT_MODULE_PATH): English reads "Wed 9 Dec 2026, 09:00",
Chinese "2026年12月9日 星期三 09:00". Templates use only the named formats and the filters in
courses/templatetags/dates.py, never a format string of their own."""
