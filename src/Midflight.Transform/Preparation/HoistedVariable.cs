using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Midflight.Transform.Preparation;

/// <summary>
/// A variable declared at the top of a block so that the block's dispatch can set it before jumping
/// to where the block resumes: a local of the module's code (<see cref="Symbol"/> set; restored where
/// it is live), or one the lowering made, such as a loop's index (always restored).
/// </summary>
internal sealed record HoistedVariable(string Name, TypeSyntax Type, ISymbol? Symbol)
{
    /// <summary>What a capture saves under <see cref="Name"/>, where it is not the variable itself: a check, never restored.</summary>
    public ExpressionSyntax? Captured { get; init; }
}
