#include "ui/migrations/driftbanner.h"

#include "migrations/autogenerate.h"
#include "ui/migrations/autogenerateactions.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace dbx::ui {

DriftBanner::DriftBanner(AutogenerateActions *actions, QWidget *parent)
    : QFrame(parent)
    , m_actions(actions)
    , m_message(new QLabel(this))
    , m_check(new QPushButton(tr("Check for &Drift"), this))
    , m_generate(new QPushButton(tr("&Generate revision"), this))
{
    setObjectName(QStringLiteral("driftBanner"));
    setFrameShape(QFrame::StyledPanel);
    m_message->setObjectName(QStringLiteral("driftMessage"));
    m_message->setWordWrap(true);
    m_message->setText(tr("Compare the database with what its revisions produce."));
    m_check->setObjectName(QStringLiteral("driftCheck"));
    m_generate->setObjectName(QStringLiteral("driftGenerate"));
    m_generate->hide();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_check);
    layout->addWidget(m_generate);
    connect(m_check, &QPushButton::clicked, actions, &AutogenerateActions::checkDrift);
    connect(m_generate, &QPushButton::clicked, actions, &AutogenerateActions::generateRevision);
    connect(actions, &AutogenerateActions::checking, this, [this](bool busy) {
        m_check->setEnabled(!busy);
        if (busy)
            m_message->setText(tr("Building the revisions in a shadow database and comparing…"));
    });
    connect(actions, &AutogenerateActions::driftChecked, this,
            [this](const QList<migrations::SchemaDifference> &differences) {
                QStringList lines;
                for (const migrations::SchemaDifference &d : differences)
                    lines << d.describe(migrations::Autogenerate::databaseSide(),
                                        migrations::Autogenerate::revisionsSide());
                showDrift(int(differences.size()), lines);
            });
    connect(actions, &AutogenerateActions::checkFailed, this, &DriftBanner::showProblem);
}

void DriftBanner::showDrift(int differences, const QStringList &lines)
{
    setStyleSheet(differences ? QStringLiteral("#driftBanner { background: #fff4ce; }")
                              : QString());
    m_message->setText(differences
                           ? tr("The database has drifted from its revisions: %n difference(s). "
                                "%1",
                                nullptr, differences)
                                 .arg(lines.mid(0, 3).join(QLatin1String("; ")) +
                                      (differences > 3 ? QStringLiteral("…") : QString()))
                           : tr("The database equals what its revisions produce."));
    m_message->setToolTip(lines.join(QLatin1Char('\n')));
    m_generate->setVisible(differences > 0);
}

void DriftBanner::showProblem(const QString &message)
{
    setStyleSheet(QString());
    m_message->setText(tr("The drift check failed: %1").arg(message));
    m_generate->hide();
}

} // namespace dbx::ui
