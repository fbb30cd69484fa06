// LanguagePicker: the person's languages, most preferred first, chosen by typing a name or an
// ISO 639-3 code with completion over every living language of the bundled table — including
// the many that QLocale does not name (Edo, Dari, Nigerian Pidgin, ...).
#pragma once

#include <QWidget>

class QCompleter;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace htmse {

class LanguagePicker : public QWidget
{
    Q_OBJECT

public:
    explicit LanguagePicker(QWidget* parent = nullptr);

    QStringList languages() const; // ISO 639-3, in the order chosen
    void setLanguages(const QStringList& codes);
    // Adds the language named or coded by `text`; false when it names none.
    bool addLanguage(const QString& text);
    QLineEdit* lineEdit() const { return m_edit; }
    QListWidget* list() const { return m_list; }

signals:
    void languagesChanged();

private:
    void removeSelected();

    QLineEdit* m_edit;
    QCompleter* m_completer;
    QListWidget* m_list;
    QPushButton* m_remove;
};

} // namespace htmse
