#pragma once

#include <QtGlobal>

namespace dbx::bench {

// The real TableBrowser, offscreen, driven over a table of `rows` rows (scrollbar drags to
// random places, End, Home, a header sort, a filter): the longest stall of the UI thread in
// each action, against the 16 ms of one frame. Needs a QApplication.
int runUiBench(qint64 rows);

} // namespace dbx::bench
