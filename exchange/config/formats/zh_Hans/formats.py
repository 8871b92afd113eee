# Dates in running text: 2026年11月26日, 11月26日 (Django's own pads the month: 01月5日).
DATE_FORMAT = "Y年n月j日"
MONTH_DAY_FORMAT = "n月j日"
# ISO first: date inputs (<input type="date">) are written in the first input format,
# and browsers read only YYYY-MM-DD; Django's own zh_Hans puts 2016/09/05 first.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
# Thousands grouped by three with a comma, as CLDR (and the browsers' Intl, which the
# shipment form's live totals use) write Chinese numbers; Django's own groups none.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
