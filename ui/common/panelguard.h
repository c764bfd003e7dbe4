#pragma once

namespace dbx::ui {

// A tab that may hold work not yet saved (pending edits): the main window asks it before the
// tab or the window closes.
class PanelGuard {
public:
    virtual ~PanelGuard() = default;
    // True when the panel may close now (nothing pending, or the user chose to discard it).
    virtual bool confirmClose() = 0;
};

} // namespace dbx::ui
