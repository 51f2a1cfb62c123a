"""The daily report: its queries, the HTML pages, exports and the email."""
