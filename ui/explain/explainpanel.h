#pragma once

#include "model/db/sqlresult.h"
#include "model/explain/explainrequest.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class PlanView;

// Explains one statement on a Database's worker and shows the plan: while it runs, the elapsed
// time and Cancel; then the PlanView, or the error in words (the statement kept, nothing
// lost). The one entry point for every place that explains: the grid, the query builder and
// the console (which embeds the panel in its result tab, or calls openWindow()).
// Widgets: "explainStatus", "explainCancel", "explainError", PlanView "planView".
class ExplainPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget *parent = nullptr);
    ~ExplainPanel() override;

    // Explains `statement` (values bound to its $n) on `database`, replacing what was shown.
    void start(model::Database *database, const model::Statement &statement,
               model::explain::ExplainMode mode);
    void cancel();
    bool isRunning() const { return m_ticket != 0; }
    PlanView *planView() const { return m_view; }

    // Opens a window of its own that explains `statement`, deleted when closed.
    static ExplainPanel *openWindow(model::Database *database, const model::Statement &statement,
                                    model::explain::ExplainMode mode, QWidget *parent);

signals:
    // After every request, with its result (also an error or a cancel).
    void finished(bool ok);

private:
    void onDone(model::Ticket ticket, const model::Result<model::explain::ExplainOutcome> &r);
    void tick();

    QPointer<model::Database> m_database;
    model::Ticket m_ticket = 0;
    model::explain::ExplainMode m_mode = model::explain::ExplainMode::Plan;
    QElapsedTimer m_elapsed;
    QTimer *m_timer;
    QLabel *m_status;
    QPushButton *m_cancel;
    QLabel *m_error;
    PlanView *m_view;
};

} // namespace dbx::ui
