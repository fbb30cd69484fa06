// Validation problems: every problem found in a document, each with the field path it concerns.
#pragma once

#include <QList>
#include <QString>

namespace htmse {

// One problem with one field, e.g. path "languages[2].code", message "\"xx\" is not an ISO 639-3 code".
struct ValidationProblem
{
    QString path;
    QString message;

    QString toString() const; // "languages[2].code: \"xx\" is not an ISO 639-3 code"
    friend bool operator==(const ValidationProblem&, const ValidationProblem&) = default;
};

// Collects every problem of a document instead of stopping at the first, so a person fixing a
// file sees all of them at once. Paths are built with child()/index().
class ValidationProblems
{
public:
    void add(const QString& path, const QString& message);
    void append(const ValidationProblems& other);

    bool isEmpty() const { return m_problems.isEmpty(); }
    qsizetype size() const { return m_problems.size(); }
    const QList<ValidationProblem>& list() const { return m_problems; }
    bool hasPath(const QString& path) const;
    QStringList toStrings() const;

    // Path helpers: child("a", "b") == "a.b"; child("", "b") == "b"; index("a", 2) == "a[2]".
    static QString child(const QString& parent, const QString& key);
    static QString index(const QString& parent, qsizetype i);

    // Quotes a value for a message, cut to a readable length and with control characters escaped,
    // so a hostile value cannot forge extra lines in an error report.
    static QString quote(const QString& value);

private:
    QList<ValidationProblem> m_problems;
};

} // namespace htmse
