-- The words of the search index with the number of articles holding each
-- (as kb_vocab counts them), kept by import and by whatever deletes
-- articles. Search loads its word list (document frequencies, stems,
-- spelling corrections) from here: counting them from kb_vocab reads the
-- whole index, which made the first search after opening a store of
-- 100,000 articles take seconds. Filter tokens (kbhide…, kbcat…) are not
-- words and are left out.
CREATE TABLE kb_term (
    term TEXT    PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO kb_term (term, df)
    SELECT term, doc FROM kb_vocab WHERE term NOT GLOB 'kbhide*' AND term NOT GLOB 'kbcat*';
