namespace VetrAI.Runtime;

/// <summary>Marker for every grain interface. Grain interfaces declare only methods returning
/// <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</summary>
public interface IGrain;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;
