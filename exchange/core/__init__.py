"""What every capability shares, importing no app of the project: ISO 639 languages and
ISO 4217 currencies, ISBN and ISSN, UN M49 regions, the direction and measures of an
exchange, roles and page permissions, the one writer of CSV and XLSX files, calendar
arithmetic, the user's language and the letters' names, list and form views, and the
commands' date arguments and output."""
