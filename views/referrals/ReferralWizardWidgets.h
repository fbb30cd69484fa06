// Small helpers the referral screens share: vocabulary combo boxes, inline messages, buddy labels.
#pragma once

#include "domain/Vocabulary.h"

#include <QString>

class QComboBox;
class QFormLayout;
class QLabel;
class QWidget;

namespace htmse::referralui {

// A combo box of a vocabulary's terms (label shown, wire code as item data), optionally led by
// an item for "none" with an empty code.
QComboBox* vocabularyCombo(Vocabulary vocabulary, const QString& accessibleName, QWidget* parent,
                           const QString& noneText = {});
QString currentCode(const QComboBox* combo);
void selectCode(QComboBox* combo, const QString& code);
// An inline message under a field: plain words, word-wrapped, hidden while empty.
QLabel* messageLabel(const QString& objectName, QWidget* parent);
void showMessage(QLabel* label, const QString& text, bool warning);
// Adds `field` to `form` under a buddy label (so Alt+letter reaches it) and names it for
// assistive technology after the label's words.
void addRow(QFormLayout* form, const QString& labelText, QWidget* field);

} // namespace htmse::referralui
