using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Midflight.Transform.Preparation;

/// <summary>
/// The one factory for the syntax that participation code is made of: the names it uses and the
/// statements it is built from. Every generated name starts with <c>__mf</c>, which C# code does not
/// use, so generated code never collides with the module's own names.
/// </summary>
internal static class Generated
{
    public const string Context = "__mf";
    public const string Site = "__mf_site";
    public const string Frame = "__mf_frame";

    /// <summary>The flag set before the call at <paramref name="site"/>: true only when that call resumes the frame below.</summary>
    public static string ResumeFlag(int site) => $"__mf_d{site}";

    public static bool IsResumeFlag(string name) =>
        name.Length > 6 && name.StartsWith("__mf_d", StringComparison.Ordinal) && name.AsSpan(6).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>The copy of a method that resumes its frame (see <see cref="RunningBody"/>).</summary>
    public static string ResumingCopy(string method) => $"__mf_resume_{method}";

    /// <summary>The method, out of line, that captures a frame at <paramref name="site"/>.</summary>
    public static string CaptureHelper(int site) => $"__mf_capture{site}";

    public static readonly TypeSyntax ContextType = ParseTypeName("global::Midflight.CaptureContext");
    // Not annotated nullable (it starts as null!): the prepared code compiles without warnings in any nullable context.
    public static readonly TypeSyntax FrameType = ParseTypeName("global::Midflight.FrameRestore");
    public static readonly TypeSyntax InterruptType = ParseTypeName("global::Midflight.PointInterruptException");
    public static readonly ExpressionSyntax Inert = ParseExpression("global::Midflight.CaptureContext.Inert");

    public static IdentifierNameSyntax Name(string name) => IdentifierName(name);

    public static LiteralExpressionSyntax Number(int value) => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value));

    public static LiteralExpressionSyntax Text(string value) => LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(value));

    /// <summary><c>target.member(arguments)</c>.</summary>
    public static InvocationExpressionSyntax Call(ExpressionSyntax target, string member, params ExpressionSyntax[] arguments) =>
        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName(member)),
            ArgumentList(SeparatedList(arguments.Select(Argument))));

    /// <summary><c>target.member&lt;type&gt;(arguments)</c>.</summary>
    public static InvocationExpressionSyntax CallGeneric(ExpressionSyntax target, string member, TypeSyntax type, params ArgumentSyntax[] arguments) =>
        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target,
                GenericName(Identifier(member), TypeArgumentList(SingletonSeparatedList(type)))),
            ArgumentList(SeparatedList(arguments)));

    public static MemberAccessExpressionSyntax Member(ExpressionSyntax target, string member) =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName(member));

    public static ExpressionStatementSyntax Assign(ExpressionSyntax target, ExpressionSyntax value) =>
        ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, target, value));

    public static LocalDeclarationStatementSyntax Declare(TypeSyntax type, string name, ExpressionSyntax? value = null) =>
        LocalDeclarationStatement(VariableDeclaration(type, SingletonSeparatedList(
            VariableDeclarator(Identifier(name)).WithInitializer(value is null ? null : EqualsValueClause(value)))));

    public static LabeledStatementSyntax Label(string label, StatementSyntax statement) => LabeledStatement(Identifier(label), statement);

    public static GotoStatementSyntax GoTo(string label) => GotoStatement(SyntaxKind.GotoStatement, IdentifierName(label));

    /// <summary><c>__mf_site == a || __mf_site == b …</c>: whether resumption heads for one of <paramref name="sites"/>.</summary>
    public static ExpressionSyntax SiteIsOneOf(IEnumerable<int> sites) =>
        sites.Select(s => (ExpressionSyntax)BinaryExpression(SyntaxKind.EqualsExpression, Name(Site), Number(s)))
            .DefaultIfEmpty(LiteralExpression(SyntaxKind.FalseLiteralExpression))
            .Aggregate((a, b) => BinaryExpression(SyntaxKind.LogicalOrExpression, a, b));

    /// <summary><c>default!</c></summary>
    public static ExpressionSyntax DefaultValue =>
        PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword)));

    public static ExpressionSyntax Resuming => BinaryExpression(SyntaxKind.NotEqualsExpression, Name(Site), Number(0));

    public static ExpressionSyntax NotResuming => BinaryExpression(SyntaxKind.EqualsExpression, Name(Site), Number(0));

    public static StatementSyntax ClearSite => Assign(Name(Site), Number(0));

    public static ExpressionSyntax Parenthesized(ExpressionSyntax expression) => ParenthesizedExpression(expression.WithoutTrivia());

    /// <summary><c>Unsafe.SkipInit(out x)</c>: x counts as set for the compiler, and is not written.</summary>
    public static StatementSyntax SkipInit(string variable) =>
        ExpressionStatement(InvocationExpression(ParseExpression("global::System.Runtime.CompilerServices.Unsafe.SkipInit"),
            ArgumentList(SingletonSeparatedList(Argument(Name(variable)).WithRefKindKeyword(Token(SyntaxKind.OutKeyword))))));

    /// <summary>The type, fully qualified, without nullable reference annotations: for code in the project's own nullable context.</summary>
    public static TypeSyntax ObliviousTypeOf(ITypeSymbol type) => ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

    /// <summary>The type of a variable as generated code declares it, fully qualified so that no using is needed.</summary>
    public static TypeSyntax TypeOf(ITypeSymbol type) => ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)));
}
