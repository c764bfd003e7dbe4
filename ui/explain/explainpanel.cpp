#include "ui/explain/explainpanel.h"

#include "model/db/database.h"
#include "ui/explain/planview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace dbx::ui {

using model::explain::ExplainMode;

ExplainPanel::ExplainPanel(QWidget *parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
    , m_status(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_error(new QLabel(this))
    , m_view(new PlanView(this))
{
    m_status->setObjectName(QStringLiteral("explainStatus"));
    m_cancel->setObjectName(QStringLiteral("explainCancel"));
    m_error->setObjectName(QStringLiteral("explainError"));
    m_view->setObjectName(QStringLiteral("planView"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setVisible(false);
    m_cancel->setVisible(false);
    m_view->setVisible(false);
    m_timer->setInterval(100);
    connect(m_timer, &QTimer::timeout, this, &ExplainPanel::tick);
    connect(m_cancel, &QPushButton::clicked, this, &ExplainPanel::cancel);

    auto *row = new QHBoxLayout;
    row->addWidget(m_status, 1);
    row->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_error);
    layout->addWidget(m_view, 1);
}

ExplainPanel::~ExplainPanel()
{
    cancel();
}

void ExplainPanel::start(model::Database *database, const model::Statement &statement,
                         ExplainMode mode)
{
    cancel();
    m_database = database;
    m_mode = mode;
    m_error->setVisible(false);
    m_cancel->setVisible(true);
    m_elapsed.start();
    m_timer->start();
    tick();
    m_ticket = model::explain::requestExplain(
        database, statement, mode, this,
        [this](model::Ticket ticket, const model::Result<model::explain::ExplainOutcome> &r) {
            onDone(ticket, r);
        });
}

void ExplainPanel::cancel()
{
    if (m_ticket != 0 && m_database)
        m_database->cancel(m_ticket);
}

void ExplainPanel::tick()
{
    const QString what =
        m_mode == ExplainMode::Analyze ? tr("Running EXPLAIN ANALYZE…") : tr("Explaining…");
    m_status->setText(
        QStringLiteral("%1 %2").arg(what, tr("%1 s").arg(m_elapsed.elapsed() / 1000.0, 0, 'f', 1)));
}

void ExplainPanel::onDone(model::Ticket ticket,
                          const model::Result<model::explain::ExplainOutcome> &r)
{
    if (ticket != m_ticket)
        return; // superseded by a later start()
    m_ticket = 0;
    m_timer->stop();
    m_cancel->setVisible(false);
    const QString took = tr("%1 s").arg(m_elapsed.elapsed() / 1000.0, 0, 'f', 1);
    if (!r.ok()) {
        m_status->setText(r.error().isCancelled() ? tr("Cancelled after %1.").arg(took)
                                                  : tr("EXPLAIN failed after %1.").arg(took));
        m_error->setText(r.error().isCancelled() ? QString() : r.error().oneLine());
        m_error->setVisible(!r.error().isCancelled());
        emit finished(false);
        return;
    }
    m_status->setText(m_mode == ExplainMode::Analyze ? tr("EXPLAIN ANALYZE (%1)").arg(took)
                                                     : tr("EXPLAIN (%1)").arg(took));
    m_view->setOutcome(r.value());
    m_view->setVisible(true);
    emit finished(true);
}

ExplainPanel *ExplainPanel::openWindow(model::Database *database, const model::Statement &statement,
                                       ExplainMode mode, QWidget *parent)
{
    auto *panel = new ExplainPanel(parent);
    panel->setObjectName(QStringLiteral("explainWindow"));
    panel->setWindowFlag(Qt::Window);
    panel->setAttribute(Qt::WA_DeleteOnClose);
    const QString first = statement.sql.simplified().left(60);
    panel->setWindowTitle(
        (mode == ExplainMode::Analyze ? tr("Explain Analyze — %1") : tr("Explain — %1"))
            .arg(first));
    panel->resize(1000, 640);
    panel->start(database, statement, mode);
    panel->show();
    return panel;
}

} // namespace dbx::ui
