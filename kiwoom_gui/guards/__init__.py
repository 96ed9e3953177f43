"""주문 착오 방지 (issue 21): the limits a trader sets once, and how an order is judged against them (no Qt)."""
