#pragma once

#include "model/query/joinsuggestions.h"
#include "ui/querybuilder/editorscope.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace dbx::ui {

// Where the rows of one query level come from: the FROM source (a table, a visible CTE, or the
// subquery it was built on) with its alias, and the joins, added from the foreign-key
// suggestions and then given a type and an alias or removed.
// Widgets: combo "sourceTable", line edit "sourceAlias", tree "joinList" (one row per join:
// column 1 holds combo "joinType", column 2 line edit "joinAlias", column 3 button "removeJoin"),
// combo "joinSuggestion" and button "addJoin".
class SourceJoinsEditor : public QWidget {
    Q_OBJECT
public:
    explicit SourceJoinsEditor(QWidget *parent = nullptr);

    void load(const model::query::Query &query, const EditorScope &scope);
    // Writes FROM and the joins into `query`.
    void store(model::query::Query &query) const;

signals:
    void changed();
    // A different source was picked: what was built on the old one no longer applies.
    void sourceReplaced();
    // A source's alias changed from `from` to `to`; references to it must follow.
    void sourceRenamed(const QString &from, const QString &to);

private:
    void fillSources();
    void fillJoins();
    void fillSuggestions();
    void onSourcePicked(int index);
    void onAliasEdited();
    void addSuggestedJoin();

    EditorScope m_scope;
    QList<model::query::NamedQuery> m_ctes;
    model::query::Source m_from;
    QList<model::query::Join> m_joins;
    QList<model::query::JoinSuggestion> m_suggestions;
    QComboBox *m_source;
    QLineEdit *m_alias;
    QTreeWidget *m_joinList;
    QComboBox *m_suggestion;
    QPushButton *m_addJoin;
    bool m_loading = false;
};

} // namespace dbx::ui
