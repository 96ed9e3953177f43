"""The credit desk's widgets and wiring (issue 19): the strip ``creditSummary``, the ticket's orderable quantity,
최대 and 추정 ratio, and the queries (kt00001, kt00012, kt20017) on the API thread's queue, orders first."""
