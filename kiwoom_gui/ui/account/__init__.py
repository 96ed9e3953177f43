"""The account tabs (미체결, 주문·체결, 잔고), their actions and their queries on the API thread."""
