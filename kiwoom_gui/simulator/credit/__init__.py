"""The simulator's credit desk (issue 19): 보증금율 per stock, loan lots with 만기일 and interest, 예수금, and the
queries that show them (kt00001, ka10085, kt00005, kt00012, kt20016, kt20017).
Figures: resources/simulator_credit.json."""
