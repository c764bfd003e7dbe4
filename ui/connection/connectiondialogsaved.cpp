#include "ui/connection/connectiondialogprivate.h"

#include "model/connection/connectionstore.h"
#include "ui/connection/connectionlook.h"
#include "ui/connection/passwordstore.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>

namespace dbx::ui {

// The saved connections: the list beside the form, filling the form (and the password from the
// keychain) when one is picked, saving and deleting.
void ConnectionDialog::Private::reloadSaved(const QString &selectName)
{
    {
        // Rebuilding the list must not refill the form (and clear the typed password).
        const QSignalBlocker blocker(savedList);
        savedList->clear();
        if (store) {
            const QList<ConnectionSpec> specs = store->saved();
            QStringList groups;
            for (const ConnectionSpec &spec : specs) {
                if (!spec.group.isEmpty() && !groups.contains(spec.group))
                    groups << spec.group;
            }
            look->setKnownGroups(groups);
            for (const ConnectionSpec &spec : specs) {
                auto *item = new QListWidgetItem(spec.name, savedList);
                item->setData(Qt::UserRole, QVariant::fromValue(spec));
                item->setToolTip(spec.toUri());
            }
        }
    }
    selectSaved(selectName);
}

// Marks the entry the form came from, without refilling the form from it.
void ConnectionDialog::Private::selectSaved(const QString &name)
{
    const QSignalBlocker blocker(savedList);
    const QList<QListWidgetItem *> matches =
        name.isEmpty() ? QList<QListWidgetItem *>() : savedList->findItems(name, Qt::MatchExactly);
    savedList->setCurrentItem(matches.isEmpty() ? nullptr : matches.first());
    if (matches.isEmpty())
        savedList->clearSelection();
    updateButtons();
}

void ConnectionDialog::Private::showSaved(QListWidgetItem *item)
{
    updateButtons();
    if (!item)
        return;
    urlEdit->clear();
    setError({});
    const auto spec = item->data(Qt::UserRole).value<ConnectionSpec>();
    fillForm(spec);
    savePasswordBox->setChecked(false);
    fillSavedPassword(spec.name);
}

// Asks the keychain for a saved connection's password; the answer is used only if the form
// still shows that connection and the user has not typed a password meanwhile.
void ConnectionDialog::Private::fillSavedPassword(const QString &name)
{
    if (!passwords || name.isEmpty())
        return;
    passwords->read(name, q, [this, name, fill = fillCount](const PasswordStore::Answer &answer) {
        if (!answer.password || fill != fillCount || nameEdit->text().trimmed() != name ||
            !passwordEdit->text().isEmpty())
            return;
        passwordEdit->setText(*answer.password);
        savePasswordBox->setChecked(true);
    });
}

// The keychain entry is named after a saved connection, so keeping the password keeps the
// connection too (under a generated name when it has none).
void ConnectionDialog::Private::saveForPassword()
{
    if (!store || !passwords || !savePasswordBox->isChecked())
        return;
    saveCurrent();
}

void ConnectionDialog::Private::saveCurrent()
{
    if (!store || !applyUrl() || !validate())
        return;
    ConnectionSpec spec = formSpec();
    if (spec.name.isEmpty()) {
        // Saving without a name still works: the entry is labelled like "bob@host:5432/db",
        // which the user can see in the Name field and rename before saving again.
        spec.name = spec.displayName();
        nameEdit->setText(spec.name);
    }
    store->save(spec);
    setError({});
    reloadSaved(spec.name);
}

void ConnectionDialog::Private::deleteSelected()
{
    QListWidgetItem *item = savedList->currentItem();
    if (!store || !item)
        return;
    // No confirmation: the form keeps the deleted entry's values, so Save brings it back.
    const QString name = item->data(Qt::UserRole).value<ConnectionSpec>().name;
    store->remove(name);
    reloadSaved({});
    emit q->savedConnectionRemoved(name);
}

} // namespace dbx::ui
