#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// Shows that the database is working, for how long, and offers Cancel. Appears only after a
// short delay so that quick requests do not make the status bar flicker.
class ActivityIndicator : public QWidget {
    Q_OBJECT
public:
    explicit ActivityIndicator(model::Database *database, QWidget *parent = nullptr);

private:
    void setBusy(bool busy);
    void tick();

    model::Database *m_database;
    QProgressBar *m_bar;
    QLabel *m_elapsed;
    QToolButton *m_cancel;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace dbx::ui
