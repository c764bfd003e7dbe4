#include "ui/shell/activityindicator.h"

#include "model/db/database.h"
#include "ui/common/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace dbx::ui {

namespace {
constexpr int showAfterMs = 300;
}

ActivityIndicator::ActivityIndicator(model::Database *database, QWidget *parent)
    : QWidget(parent)
    , m_database(database)
    , m_bar(new QProgressBar(this))
    , m_elapsed(new QLabel(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(QStringLiteral("activityIndicator"));
    m_bar->setRange(0, 0); // indeterminate: the server does not report progress
    m_bar->setMaximumWidth(90);
    m_bar->setMaximumHeight(14);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setIcon(icon(QStringLiteral("cancel")));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel the running statements (Ctrl+.)"));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancel->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_elapsed);
    layout->addWidget(m_cancel);
    hide();

    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ActivityIndicator::tick);
    connect(database, &model::Database::busyChanged, this, &ActivityIndicator::setBusy);
    connect(m_cancel, &QToolButton::clicked, database, &model::Database::cancelAll);
}

void ActivityIndicator::setBusy(bool busy)
{
    if (busy) {
        m_clock.start();
        m_timer.start();
    } else {
        m_timer.stop();
        hide();
    }
}

void ActivityIndicator::tick()
{
    const qint64 ms = m_clock.elapsed();
    if (ms < showAfterMs)
        return;
    m_elapsed->setText(tr("Working… %1 s").arg(double(ms) / 1000.0, 0, 'f', 1));
    show();
}

} // namespace dbx::ui
