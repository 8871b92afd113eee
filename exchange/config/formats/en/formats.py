# British order, as the rest of the English of the interface: 26 November 2026.
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
