#pragma once

namespace dbx::bench {

// SQL completion on a catalog of `tables` tables (columns and a foreign key each), created in
// the benchmark's own cluster: how long the completion catalog takes to load (next to the
// schema tree's CatalogReader), whether its queries plan any nested loop, and per keystroke
// the engine's time and the time from the key to the list shown in a real QsciScintilla
// (offscreen), median and maximum, against the 50 ms target. Needs a QApplication.
int runCompletionBench(int tables);

} // namespace dbx::bench
