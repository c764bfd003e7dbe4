#pragma once

#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace dbx::ui {

class FilterTreeEditor;

// GROUP BY and HAVING of one query level: a checkable list of the columns in scope (checked:
// grouped by, in check order) and a FilterTreeEditor in aggregate mode for HAVING.
// Widgets: list "groupByList" (one checkable item per column, "source.column"), and the
// FilterTreeEditor "havingEditor" (see filtertreeeditor.h for its rows).
class GroupingEditor : public QWidget {
    Q_OBJECT
public:
    explicit GroupingEditor(QWidget *parent = nullptr);

    void load(const model::query::Query &query, const EditorScope &scope);
    void store(model::query::Query &query) const;
    FilterTreeEditor *havingEditor() const { return m_having; }
    // The select list changed: HAVING offers its aggregated outputs.
    void setOutputs(const QList<model::query::SelectItem> &select);
    // Checks what the query groups by now (the builder groups by itself, see the panel).
    void setGroupBy(const QList<model::query::Expr> &groupBy);

signals:
    void changed();

private:
    void onItemChanged(QListWidgetItem *item);

    EditorScope m_scope;
    QList<model::query::Expr> m_groupBy;
    QListWidget *m_list;
    FilterTreeEditor *m_having;
    bool m_filling = false;
};

} // namespace dbx::ui
