#pragma once

#include <QLabel>

namespace dbx::ui {

// The message line above a grid. A message knows what it is about, so the grid can let it go
// (or bring it up to date) as soon as that stops being true: a rule problem once the value is
// fixed, "Committed" once new edits are pending, a server refusal once its edit changed, a
// failed page once a page loads. A message describes the current state or goes.
class BrowserBanner : public QLabel {
    Q_OBJECT
public:
    enum class Kind {
        None,
        ReadOnly,  // why nothing can be edited: stays
        Note,      // the outcome of an action; goes with the next edit
        Committed, // goes with the next edit
        Problems,  // rule problems of pending values: follows them
        Failure,   // the server refused the commit: goes once the edits change
        Conflicts, // someone else changed rows: goes with the next commit
        Refused,   // an editor did not take what was typed: goes with the next edit
        LoadError, // a page could not be read: goes once one is
    };

    explicit BrowserBanner(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void clearMessage();
    Kind kind() const { return m_kind; }
    // The text shown, empty while hidden.
    QString message() const;

private:
    Kind m_kind = Kind::None;
};

} // namespace dbx::ui
