"""What the plan holds, counted once. tests/test_catalog.py checks each against the catalog; every other test
that needs one of these counts takes it from here, so a corrected catalog changes one line."""
TARGETS = 108            # targets.csv rows: numbers and qualitative goals
QUANTITATIVE = 64
QUALITATIVE = 44
INDICATORS = 45
UNITS = 32               # the task table's 31 and the leading group's office
TASK_ROWS = 39           # rows of the task-division table
TASK_ITEMS = 43          # its items, rows 8, 9, 12 and 13 split in two
PROJECTS = 54
DUTIES = 17
COMMITMENTS = PROJECTS + DUTIES
LEDGER_ITEMS = TASK_ITEMS + QUALITATIVE + COMMITMENTS   # 158: what units report on besides numbers
NUMERIC_TARGETS_2025 = 40   # one per indicator and year, as verdicts count them
