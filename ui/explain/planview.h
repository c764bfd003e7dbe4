#pragma once

#include "model/explain/explainrequest.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace dbx::ui {

class PlanTreeModel;

// Shows one explained statement: a summary line (planning and execution time, triggers), a
// notice when ANALYZE ran the statement and rolled it back, and three tabs: the plan tree with
// the selected node's details beside it, the server's JSON, and the text form. Copy puts the
// open tab's text (the text form for the tree) on the clipboard.
// Widgets: "planSummary", "planNotice", "planTabs", "planTree", "nodeDetails", "planJson",
// "planText", "planCopy".
class PlanView : public QWidget {
    Q_OBJECT
public:
    explicit PlanView(QWidget *parent = nullptr);

    void setOutcome(const model::explain::ExplainOutcome &outcome);
    const model::explain::ExplainOutcome &outcome() const { return m_outcome; }
    PlanTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    // What Copy puts on the clipboard now.
    QString copyText() const;

    // The selected node's details as "Key: value" lines, derived figures first.
    static QString nodeDetails(const model::explain::ExplainPlan &plan, int node);

private:
    void showDetails();
    QString summary() const;

    model::explain::ExplainOutcome m_outcome;
    PlanTreeModel *m_model;
    QLabel *m_summary;
    QLabel *m_notice;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    QPlainTextEdit *m_details;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_text;
    QPushButton *m_copy;
};

} // namespace dbx::ui
