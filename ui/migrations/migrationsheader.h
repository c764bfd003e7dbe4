#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace dbx::ui {

class MigrationActions;

// The top of the migrations panel: where the connected database stands (current revisions,
// heads, pending count, Alembic's table when there is one, read only) and where the revisions
// come from, with the buttons to read both again, open another project's folder or go back to
// the built-in demo revisions.
class MigrationsHeader : public QWidget {
    Q_OBJECT
public:
    explicit MigrationsHeader(MigrationActions *actions, QWidget *parent = nullptr);

    QString text() const;

private:
    void updatePosition();
    void updateSource();
    void updateButtons();
    void refresh();

    MigrationActions *m_actions;
    QLabel *m_position;
    QLabel *m_source;
    QToolButton *m_useBuiltIn;
    QToolButton *m_openFolder;
    QToolButton *m_refresh;
};

} // namespace dbx::ui
