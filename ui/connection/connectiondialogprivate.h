#pragma once

// The connection dialog's innards, shared by its two source files (the form in
// connectiondialog.cpp, the saved connections in connectiondialogsaved.cpp).

#include "model/connection/connectionspec.h"
#include "ui/connection/connectiondialog.h"

#include <QMap>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSpinBox;

namespace dbx::model {
class ConnectionStore;
}

namespace dbx::ui {

class ConnectionLookFields;
class PasswordStore;

using model::ConnectionSpec;
using model::ConnectionStore;

struct ConnectionDialog::Private {
    ConnectionDialog *q;
    ConnectionStore *store;
    QPointer<PasswordStore> passwords;
    // Counts the times the form was filled, so a keychain answer for an earlier fill is dropped.
    int fillCount = 0;
    // libpq keywords without a field of their own (from a pasted URL or a saved connection);
    // kept so that connecting and saving do not silently drop them.
    QMap<QString, QString> options;

    QListWidget *savedList = nullptr;
    QPushButton *saveButton = nullptr;
    QPushButton *deleteButton = nullptr;
    QLineEdit *urlEdit = nullptr;
    QPushButton *applyUrlButton = nullptr;
    QFormLayout *form = nullptr;
    QLineEdit *nameEdit = nullptr;
    QLineEdit *hostEdit = nullptr;
    QSpinBox *portSpin = nullptr;
    QLineEdit *databaseEdit = nullptr;
    QLineEdit *userEdit = nullptr;
    QLineEdit *passwordEdit = nullptr;
    QCheckBox *savePasswordBox = nullptr;
    QComboBox *sslModeCombo = nullptr;
    QLabel *optionsLabel = nullptr;
    ConnectionLookFields *look = nullptr;
    QLabel *errorLabel = nullptr;
    QPushButton *demoButton = nullptr;
    QPushButton *connectButton = nullptr;
    QDialogButtonBox *buttons = nullptr;

    Private(ConnectionDialog *dialog, ConnectionStore *connectionStore)
        : q(dialog)
        , store(connectionStore)
    {}

    QWidget *buildSavedPanel();
    QWidget *buildFormPanel();
    void buildFormRows();
    QLayout *buildButtonRow();
    void setTabOrder();
    void connectSignals();

    ConnectionSpec formSpec() const;
    void fillForm(const ConnectionSpec &spec);
    void setSslMode(const QString &mode);
    void showOptions();
    void setError(const QString &message);
    void updateButtons();

    bool applyUrl();
    void applyUrlAndContinue();
    bool validate();
    void tryConnect();

    void reloadSaved(const QString &selectName);
    void selectSaved(const QString &name);
    void showSaved(QListWidgetItem *item);
    void fillSavedPassword(const QString &name);
    void saveForPassword();
    void saveCurrent();
    void deleteSelected();
};

} // namespace dbx::ui
