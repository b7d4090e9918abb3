"""The staff translation editor (/staff/translations): a staff feature over the i18n runtime's overlay."""
