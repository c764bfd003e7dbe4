#include "ui/explain/planview.h"

#include "ui/explain/plantreemodel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace dbx::ui {

using model::explain::ExplainPlan;
using model::explain::PlanNode;

namespace {

QPlainTextEdit *monospace(const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

QString msText(double value)
{
    return PlanView::tr("%1 ms").arg(QLocale().toString(value, 'f', 3));
}

} // namespace

PlanView::PlanView(QWidget *parent)
    : QWidget(parent)
    , m_model(new PlanTreeModel(this))
    , m_summary(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeView(this))
    , m_details(monospace(QStringLiteral("nodeDetails"), this))
    , m_json(monospace(QStringLiteral("planJson"), this))
    , m_text(monospace(QStringLiteral("planText"), this))
    , m_copy(new QPushButton(tr("Copy"), this))
{
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setObjectName(QStringLiteral("planNotice"));
    m_notice->setWordWrap(true);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setVisible(false);
    m_tabs->setObjectName(QStringLiteral("planTabs"));
    m_tree->setObjectName(QStringLiteral("planTree"));
    m_copy->setObjectName(QStringLiteral("planCopy"));
    m_copy->setToolTip(tr("Copy the open tab's text (the text form for the tree)"));

    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(false);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    m_tabs->addTab(splitter, tr("Plan"));
    m_tabs->addTab(m_json, tr("JSON"));
    m_tabs->addTab(m_text, tr("Text"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &PlanView::showDetails);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(copyText()); });
}

void PlanView::setOutcome(const model::explain::ExplainOutcome &outcome)
{
    m_outcome = outcome;
    m_model->setPlan(outcome.plan);
    m_tree->expandAll();
    for (int c = 0; c < PlanTreeModel::Flags; ++c)
        m_tree->resizeColumnToContents(c);
    m_summary->setText(summary());
    const bool undone = outcome.rolledBack && outcome.kind.changesData;
    m_notice->setVisible(undone);
    if (undone)
        m_notice->setText(tr("EXPLAIN ANALYZE ran this %1 inside a transaction that was rolled "
                             "back: nothing was changed.")
                              .arg(outcome.kind.command));
    const QJsonDocument doc = QJsonDocument::fromJson(outcome.plan.json);
    m_json->setPlainText(doc.isNull() ? QString::fromUtf8(outcome.plan.json)
                                      : QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    m_text->setPlainText(outcome.text);
    m_tree->setCurrentIndex(m_model->index(0, 0));
}

QString PlanView::summary() const
{
    const ExplainPlan &plan = m_outcome.plan;
    QStringList parts;
    parts << tr("%n node(s)", "", int(plan.nodes.size()));
    if (plan.executionMs >= 0)
        parts << tr("Execution %1").arg(msText(plan.executionMs));
    if (plan.planningMs >= 0)
        parts << tr("Planning %1").arg(msText(plan.planningMs));
    for (const model::explain::TriggerTime &t : plan.triggers)
        parts << tr("Trigger %1: %2 (%n call(s))", "", int(t.calls)).arg(t.name, msText(t.timeMs));
    if (!plan.analyzed)
        parts << tr("estimates only (no ANALYZE)");
    return parts.join(QStringLiteral(" · "));
}

QString PlanView::nodeDetails(const ExplainPlan &plan, int index)
{
    if (index < 0 || index >= plan.nodes.size())
        return {};
    const PlanNode &n = plan.nodes.at(index);
    QStringList lines;
    lines << QStringLiteral("#%1 %2").arg(n.id).arg(n.title());
    if (plan.analyzed && n.executed) {
        lines << tr("Exclusive time: %1 (%2% of %3)")
                     .arg(msText(n.exclusiveMs), QLocale().toString(plan.timePercent(n), 'f', 1),
                          msText(plan.totalMs()));
        lines << tr("Inclusive time: %1").arg(msText(n.inclusiveMs));
        lines << tr("Rows: planned %1, actual %2 per loop over %3 loop(s); estimate off ×%4")
                     .arg(qint64(n.planRows))
                     .arg(qint64(n.actualRows))
                     .arg(qint64(n.loops))
                     .arg(QLocale().toString(n.estimateFactor, 'f', 1));
        const QString slow = PlanTreeModel::slowBadge(plan.slowSeverity(n), plan.timePercent(n));
        const QString est = PlanTreeModel::estimateBadge(model::explain::estimateSeverity(n),
                                                         n.estimateFactor, n.estimateDirection);
        if (!slow.isEmpty() || !est.isEmpty())
            lines
                << tr("Flags: %1").arg(QStringList{slow, est}.join(QLatin1String("  ")).trimmed());
    } else if (plan.analyzed) {
        lines << tr("Never executed");
    }
    if (plan.hasBuffers)
        lines << tr("Shared buffers (own): hit %1, read %2")
                     .arg(n.exclusiveSharedHit)
                     .arg(n.exclusiveSharedRead);
    lines << QString();
    for (auto it = n.raw.constBegin(); it != n.raw.constEnd(); ++it) {
        const QJsonValue v = it.value();
        const QString value =
            v.isArray() || v.isObject()
                ? QString::fromUtf8(
                      QJsonDocument::fromVariant(v.toVariant()).toJson(QJsonDocument::Compact))
                : v.toVariant().toString();
        lines << it.key() + QLatin1String(": ") + value;
    }
    return lines.join(QLatin1Char('\n'));
}

void PlanView::showDetails()
{
    const QModelIndex current = m_tree->currentIndex();
    m_details->setPlainText(
        current.isValid()
            ? nodeDetails(m_outcome.plan, current.data(PlanTreeModel::NodeIndexRole).toInt())
            : QString());
}

QString PlanView::copyText() const
{
    if (m_tabs->currentWidget() == m_json)
        return m_json->toPlainText();
    return m_outcome.text;
}

} // namespace dbx::ui
