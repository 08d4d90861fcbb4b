"""Pages of participants: the trainers' and HR's cohort pages, accounts, calendars, downloads."""
