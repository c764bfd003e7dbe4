#pragma once

#include <QToolButton>

namespace dbx::migrations {
class MigrationService;
struct MigrationStatus;
} // namespace dbx::migrations

namespace dbx::ui {

// The status bar's reminder that the connected database is behind its revisions or out of step
// with them ("Migrations: 2 pending", "Migrations: 1 modified"); clicking it opens the panel.
// Silent for a database these revisions do not manage: one without our bookkeeping, or whose
// bookkeeping knows none of them.
class MigrationsNotice : public QToolButton {
    Q_OBJECT
public:
    explicit MigrationsNotice(migrations::MigrationService *service, QWidget *parent = nullptr);

    // Only the current connection's notice is shown; the others keep their text for when
    // their connection is current again.
    void setActive(bool active);

    // The text for a status, empty when there is nothing to point out.
    static QString noticeFor(const migrations::MigrationStatus &status);

private:
    void showStatus(const migrations::MigrationStatus &status);
    void showText(const QString &text);

    bool m_active = true;
};

} // namespace dbx::ui
