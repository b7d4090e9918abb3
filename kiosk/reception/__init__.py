"""Reception: calls due and overdue, contact attempts, mail to reception and the time-to-call figures.

Domain code without HTTP; the staff blueprint's views and the consult store call it."""
